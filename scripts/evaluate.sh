#!/usr/bin/env bash
# Every accuracy and speed figure in docs/evaluation.md and docs/benchmarks.md, in one run.
# Usage: scripts/evaluate.sh [OUTDIR]   (default: build/eval; needs ../shared/data beside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/eval}
data=../shared/data
es=.venv/bin/eventscope
mkdir -p "$out"
run() { local name=$1; shift; echo "== $name: eventscope $*" >&2; /usr/bin/time -f "$name %e s" "$es" "$@" --json > "$out/$name.json"; }

run ner-conll-testa       eval ner --data $data/conll2003/eng.testa --format conll
run geo-lgl               eval geoparse --data $data/lgl/lgl.xml --format lgl --gold-spans
run geo-trnews            eval geoparse --data $data/tr-news/TR-News.xml --format trnews --gold-spans
run geo-geovirus          eval geoparse --data $data/geovirus/GeoVirus.xml --format geovirus --gold-spans
run events-plover         eval events --data $data/plover-gsr-cameo/PLOVER_GSR_CAMEO.txt --format plover
run events-cameo          eval events --data $data/cameo-conflibert/cameo_class/train.tsv --format cameo
run roles-cameo           eval roles --data $data/cameo-conflibert/cameo_ner/train.txt --format cameo-bio
run events-acled-split    eval events --data $data/acled-2020-05-global/acled.csv --format acled --train-split 0.6
run events-dev-news       eval events --data src/eventscope/classify/data/dev_news.tsv --format tsv
run events-dev-news-b     eval events --data src/eventscope/classify/data/dev_news_b.tsv --format tsv
run bench-pipeline        bench --limit 300
# bench store at 1M events takes several minutes: run separately with
#   .venv/bin/eventscope bench store --events 1000000 --json > build/eval/bench-store-1m.json
echo "results in $out" >&2
