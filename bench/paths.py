#!/usr/bin/env python3
"""Writes one /api/search request path per line for an evaluation set's questions and the variants `pinpoint bench
query` times (as asked; lowercased without punctuation; content words only; first half), for bench/wrk-search.lua.

    python3 bench/paths.py ../shared/eval/dev.jsonl > /tmp/paths.txt
"""
import json
import sys
import urllib.parse


def variants(q):
    plain = "".join(c.lower() if c.isalnum() or c == "'" else " " for c in q)
    words = plain.split()
    return [q, " ".join(words), " ".join(w for w in words if len(w) >= 4), " ".join(words[: (len(words) + 1) // 2])]


def main():
    seen = []
    with open(sys.argv[1] if len(sys.argv) > 1 else "../shared/eval/dev.jsonl") as f:
        for line in f:
            if line.strip():
                for v in variants(json.loads(line)["question"]):
                    if v.strip() and v not in seen:
                        seen.append(v)
    for q in seen:
        print("/api/search?" + urllib.parse.urlencode({"q": q}))


if __name__ == "__main__":
    main()
