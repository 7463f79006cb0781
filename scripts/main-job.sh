#!/usr/bin/env bash
# Runs MedAnchor's main job against a running node: a hospital anchors medical records at
# generation, amends one, and a court verifies the originals, the amended record's first
# version and a tampered copy.
#
# Usage: scripts/main-job.sh --url WS_URL --records DIR --workdir DIR
#   DIR is copied; the copy is what the hospital gateway watches, so the records' generation
#   time is the moment of the copy. Files named README*.md are left out.
#
# scripts/start.sh runs this once its dev node finalizes blocks.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

url="" records="" workdir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --url|--records|--workdir)
            [ $# -ge 2 ] || die "$1 needs a value"
            case "$1" in --url) url="$2" ;; --records) records="$2" ;; --workdir) workdir="$2" ;; esac
            shift 2 ;;
        -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1'; see --help" ;;
    esac
done
[ -n "$url" ] && [ -n "$records" ] && [ -n "$workdir" ] || die "--url, --records and --workdir are required"
[ -d "$records" ] || die "records folder '$records' not found"
client="${MEDANCHOR_CLIENT:-$CARGO_TARGET_DIR/$MEDANCHOR_PROFILE/medanchor}"
[ -x "$client" ] || die "the medanchor client is not built at $client; run scripts/start.sh or scripts/test.sh"
mc() { "$client" --url "$url" "$@"; }

hospital_dir="$workdir/hospital"
court_dir="$workdir/court"
state_dir="$workdir/gateway-state"
mkdir -p "$workdir" "$court_dir"

log "registering a sample hospital and its gateway through the dev authorities"
hospital=$(mc admin register-hospital --admin //DemoHospitalAdmin --gateway //DemoGateway \
    --name "滨江市第一人民医院" --credit-code 12110105MA0000031A --licence PDY00003X11010512A1001 \
    --region 110105) || die "registering the hospital failed"
log "hospital registered: entity $hospital"
court=$(mc admin register-court --clerk //DemoClerk --designator 京0105 \
    --name "北京市朝阳区人民法院" --region 110105) || die "registering the court failed"
log "court registered: court $court"

# Copying gives every file a fresh modification time: the records are generated now, and the
# gateway anchors them at generation.
rm -rf "$hospital_dir"
mkdir -p "$hospital_dir"
(cd "$records" && find . -type f ! -name 'README*.md' -exec cp --parents {} "$hospital_dir" \;) \
    || die "copying $records failed"
count=$(find "$hospital_dir" -type f | wc -l)
[ "$count" -gt 0 ] || die "no record files in $records"

watch() {
    mc watch --institution "$hospital" --signer //DemoGateway --class inpatient \
        --state-dir "$state_dir" --interval-ms 500 --exit-when-idle "$@" "$hospital_dir"
}

log "anchoring $count file(s) at generation (gateway watch mode)"
started=$(date +%s.%N)
watch
elapsed=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$started" "$(date +%s.%N)")
receipts=$(find "$state_dir/receipts" -name '*.receipt.json' | wc -l)
log "$receipts record(s) anchored and finalized in ${elapsed} s"

# The record to amend: a discharge record if there is one, else the first JSON file. The record
# to tamper with: a laboratory observation if there is one, else another JSON file.
pick() { find "$hospital_dir" -type f -name "$1" | sort | head -n 1; }
amended=$(pick '*discharge*.json'); [ -n "$amended" ] || amended=$(pick '*.json')
tampered_source=$(pick '*lab*.json')
[ -n "$tampered_source" ] && [ "$tampered_source" != "$amended" ] \
    || tampered_source=$(find "$hospital_dir" -type f -name '*.json' | sort | grep -vxF "$amended" | head -n 1)
[ -n "$amended" ] && [ -n "$tampered_source" ] || die "the main job needs two JSON records in $records"
untouched=$(find "$hospital_dir" -type f \( -name '*.json' -o -name '*.xml' \) | sort \
    | grep -vxF -e "$amended" -e "$tampered_source" | head -n 1)
receipt_of() {
    local relative=${1#"$hospital_dir"/}
    local safe
    safe=$(printf '%s' "$relative" | sed 's/[^[:alnum:]._-]/_/g')
    find "$state_dir/receipts" -name "$safe.v0.*.receipt.json" | head -n 1
}

cp "$amended" "$court_dir/original-$(basename "$amended")"
python3 - "$amended" <<'PY'
import json, sys
path = sys.argv[1]
with open(path, encoding="utf-8") as f:
    record = json.load(f)
def amend(value):
    """Adds a sentence to the first narrative or string value found."""
    if isinstance(value, dict):
        div = value.get("text", {}).get("div") if isinstance(value.get("text"), dict) else None
        if isinstance(div, str) and div.endswith("</div>"):
            value["text"]["div"] = div[:-6] + "<p>补充：出院后两周门诊复查肝功能。</p></div>"
            return True
        return any(amend(v) for v in value.values())
    if isinstance(value, list):
        return any(amend(v) for v in value)
    return False
if not amend(record):
    record["_amended"] = "补充"
with open(path, "w", encoding="utf-8") as f:
    json.dump(record, f, ensure_ascii=False, indent=2)
PY
touch "$amended"
log "amended $(basename "$amended"); anchoring the amendment"
watch --reason supplement

python3 - "$tampered_source" "$court_dir/tampered-$(basename "$tampered_source")" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# Rewrite the first decimal (6.0 becomes 6), else change the first string value.
changed, count = re.subn(r'(:\s*-?\d+)\.0\b', r'\1', text, count=1)
if count == 0:
    changed = re.sub(r'(:\s*")([^"]*)"', lambda m: m.group(1) + m.group(2) + "（改）\"", text, count=1)
open(sys.argv[2], "w", encoding="utf-8").write(changed)
PY

# A patient disputes the stay: the court opens a case, and its clerk verifies the documents
# the parties present, reading seals and verdicts through the case's evidence report.
case_number="（2026）京0105民初1号"
case_id=$(mc admin open-case --clerk //DemoClerk --number "$case_number" \
    --institution "$hospital" --receipt "$(receipt_of "$amended")") || die "opening the case failed"
log "case $case_number opened (case $case_id)"

verdicts=()
verify() {
    local label="$1" file="$2" receipt="$3" lang="$4"
    local status=0
    echo
    echo "=== $label ==="
    mc verify --lang "$lang" --case "$case_number" --receipt "$receipt" "$file" || status=$?
    verdicts+=("$status|$label")
}
verify "法院核验：被修改病历的原始版本 / court verifies the amended record's original" \
    "$court_dir/original-$(basename "$amended")" "$(receipt_of "$amended")" zh
verify "法院核验：被修改病历的当前版本 / court verifies the amended record as it is now" \
    "$amended" "$(receipt_of "$amended")" en
if [ -n "$untouched" ]; then
    verify "法院核验：未修改的病历 / court verifies an unchanged record" \
        "$untouched" "$(receipt_of "$untouched")" en
fi
verify "法院核验：被篡改的副本 / court verifies a tampered copy" \
    "$court_dir/tampered-$(basename "$tampered_source")" "$(receipt_of "$tampered_source")" zh

echo
echo "=== 核验结论汇总 / verdicts ==="
for entry in "${verdicts[@]}"; do
    case "${entry%%|*}" in
        0) text="一致（与最新版本相符） / matches the latest version" ;;
        3) text="与较早版本相符（之后被修改） / matches an earlier version (amended since)" ;;
        4) text="不一致（内容被篡改） / mismatch (content changed)" ;;
        5) text="未存证 / not anchored" ;;
        *) text="核验失败 / verification failed (exit ${entry%%|*})" ;;
    esac
    printf '%s\n    -> %s\n' "${entry#*|}" "$text"
done
