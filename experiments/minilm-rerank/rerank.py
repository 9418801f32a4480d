"""Score dense retrieval and MiniLM re-ranking of Pinpoint's lexical candidates on an evaluation set.

Inputs (made by run.sh in WORK): passages.jsonl (every indexed passage, `--example dump`), passages.f32 (their
embeddings, heading + text), questions.f32, lexical.jsonl (`pinpoint search --json --limit 50` per question),
sentences.txt/.idx/.f32 (the candidates' sentences and their embeddings). Gold matching is score.py's own.
"""
import array, json, sys
from collections import defaultdict

EVAL, WORK = sys.argv[1], sys.argv[2]
sys.path.insert(0, EVAL)
import score  # noqa: E402

DIM = 384
questions = [json.loads(l) for l in open(f"{EVAL}/dev.jsonl")]
passages = [json.loads(l) for l in open(f"{WORK}/passages.jsonl")]
row = {p["id"]: i for i, p in enumerate(passages)}


def vectors(path):
    a = array.array("f")
    a.frombytes(open(path, "rb").read())
    return [a[i * DIM:(i + 1) * DIM] for i in range(len(a) // DIM)]


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


pv, qv = vectors(f"{WORK}/passages.f32"), vectors(f"{WORK}/questions.f32")
lexical = [json.loads(l) for l in open(f"{WORK}/lexical.jsonl")]
lex_rows = [[row[h["id"]] for h in a["hits"] if h["id"] in row] for a in lexical]

# The edition in force of each document (dense retrieval must search what the lexical search searches).
# The latest edition of each document: every edition in this corpus is dated before today.
current = {}
for p in passages:
    current[p["doc_id"]] = max(current.get(p["doc_id"], ""), p["edition"])
in_force = [i for i, p in enumerate(passages) if current[p["doc_id"]] == p["edition"]]
dense = [sorted(((dot(q, pv[i]), i) for i in in_force), reverse=True) for q in qv]


def report(label, rankings):
    r1 = r5 = r10 = mrr = 0.0
    answerable = 0
    for q, ranking in zip(questions, rankings):
        if not q["gold"]:
            continue
        answerable += 1
        golds = q["gold"] + q.get("supporting", [])
        rank = next((k + 1 for k, i in enumerate(ranking[:10]) if score.matches(passages[i], golds)), None)
        if rank:
            r1 += rank == 1
            r5 += rank <= 5
            r10 += 1
            mrr += 1 / rank
    n = answerable
    print(f"{label:34s} R@1 {r1/n:.3f}  R@5 {r5/n:.3f}  R@10 {r10/n:.3f}  MRR@10 {mrr/n:.3f}")


report("lexical (pinpoint as shipped)", lex_rows)
report("dense only (passage vectors)", [[i for _, i in d[:10]] for d in dense])
for depth in (10, 20, 50):
    fused = []
    for lr, d in zip(lex_rows, dense):
        s = defaultdict(float)
        for r, i in enumerate(lr[:depth]):
            s[i] += 1 / (60 + r + 1)
        for r, (_, i) in enumerate(d[:depth]):
            s[i] += 1 / (60 + r + 1)
        fused.append(sorted(s, key=lambda i: -s[i]))
    report(f"RRF k=60, top {depth} of each", fused)

sv = vectors(f"{WORK}/sentences.f32")
sentences = defaultdict(list)
for v, i in zip(sv, (int(l) for l in open(f"{WORK}/sentences.idx"))):
    sentences[i].append(v)
for unit in ("passage", "sentence"):
    for depth in (10, 20):
        for weight in (0.3, 1.0, 2.0):
            out = []
            for q, a in zip(qv, lexical):
                hits = [h for h in a["hits"][:depth] if h["id"] in row]
                top = max((h["score"] for h in hits), default=1.0)
                scored = []
                for h in hits:
                    i = row[h["id"]]
                    sim = dot(q, pv[i]) if unit == "passage" else max((dot(q, v) for v in sentences[i]), default=0)
                    scored.append((h["score"] / top + weight * sim, i))
                out.append([i for _, i in sorted(scored, reverse=True)])
            report(f"re-rank top {depth}, {unit} cos x{weight}", out)

print("\nbest cosine of any passage in force, per question (no-answer signal):")
for q, d in zip(questions, dense):
    print(f"  {q['id']} {q['kind']:8s} {d[0][0]:.3f}")
