# Sourced by startup.sh and one-get.sh: every command of the arrays `names` and `commands` in each
# hyperfine run, round after round (so a busy moment of the machine falls on all of them alike),
# then one Markdown table of all rounds.
#
#   hyperfine_rounds WORK ROUNDS RUNS    the rounds, JSON into WORK; prints the load averages
#   rounds_table WORK ROUNDS BASELINE    median wall, mean wall, mean CPU, each row's wall over
#                                        BASELINE's (over BASELINE-https's for a row named *-https)

hyperfine_rounds() {
  local work=$1 rounds=$2 runs=$3 r i
  echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  for ((r = 0; r < rounds; r++)); do
    local args=()
    for i in "${!names[@]}"; do args+=(-n "${names[$i]}" "${commands[$i]}"); done
    # -N: no shell in between; stdin is /dev/null, stdout a pipe, for every command alike
    hyperfine -N --output=pipe -w 1 -r "$runs" --export-json "$work/round-$r.json" "${args[@]}" >/dev/null 2>&1
  done
  echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
}

rounds_table() {
  python3 - "$@" <<'PY'
import json, statistics, sys
work, rounds, baseline = sys.argv[1], int(sys.argv[2]), sys.argv[3]
wall, cpu, order = {}, {}, []
for r in range(rounds):
    for result in json.load(open(f"{work}/round-{r}.json"))["results"]:
        name = result["command"]
        if name not in wall:
            order.append(name)
            wall[name], cpu[name] = [], []
        wall[name] += [t * 1000 for t in result["times"]]
        cpu[name] += [(result["user"] + result["system"]) * 1000] * len(result["times"])
print(f"| command | wall median (ms) | wall mean (ms) | CPU mean (ms) | vs {baseline} (wall) | runs |")
print("|---|---:|---:|---:|---:|---:|")
for name in order:
    w = statistics.median(wall[name])
    base = baseline + "-https" if name.endswith("-https") and baseline + "-https" in wall else baseline
    print(f"| {name} | {w:.0f} | {statistics.mean(wall[name]):.0f} | {statistics.mean(cpu[name]):.0f} "
          f"| {w / statistics.median(wall[base]):.2f}x | {len(wall[name])} |")
PY
}
