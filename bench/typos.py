#!/usr/bin/env python3
"""Writes a copy of an evaluation set with one typo per question, to measure how ranking holds up to misspelling.

    python3 bench/typos.py ../shared/eval/dev.jsonl > /tmp/dev-typos.jsonl
    target/release/pinpoint eval --set /tmp/dev-typos.jsonl

The typo is deterministic: in the question's longest word of seven letters or more, the two letters after the
third are swapped ("safeguarding" -> "safegaurding"), the commonest slip of a fast typist. Questions without such
a word are kept as they are. Gold passages are unchanged.
"""
import json
import re
import sys


def misspell(question):
    words = re.findall(r"[A-Za-z]{7,}", question)
    if not words:
        return question
    word = max(words, key=len)
    i = 3
    while i + 1 < len(word) and word[i] == word[i + 1]:
        i += 1
    if i + 1 >= len(word):
        return question
    typo = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return question.replace(word, typo, 1)


def main():
    with open(sys.argv[1]) as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            item["question"] = misspell(item["question"])
            print(json.dumps(item, ensure_ascii=False))


if __name__ == "__main__":
    main()
