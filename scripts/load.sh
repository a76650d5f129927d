#!/usr/bin/env bash
# ToolGate load test: wrk against four targets on loopback, in interleaved rounds, so that drift on the
# machine (other work, thermal, page cache) spreads over every target instead of favouring one.
#
#   direct  wrk -> echo upstream                                  (the floor: the tool alone)
#   bare    wrk -> bare YARP (same route and cluster) -> upstream  (the baseline ToolGate is held to)
#   allow   wrk -> ToolGate -> upstream  (identify, classify, decide, limit, audit (fsync), forward)
#   deny    wrk -> ToolGate, answered 403 (identify, classify, decide, audit (fsync))
#
# The upstream is the benchmarks exe's echo-upstream mode, not samples/ComputeTool: the sample keeps jobs
# in memory and answers 503 after 10,000 of them, which a load test passes within seconds.
#
# Usage: scripts/load.sh [results.md]
#   The markdown report goes to stdout and, when given, to results.md; progress goes to stderr.
#   Environment: ROUNDS (3), DURATION seconds per run (10), THREADS (2), CONNECTIONS (32),
#   WARMUP seconds per target before round 1 (3), PORT_BASE (19101; uses PORT_BASE..PORT_BASE+4),
#   GATEWAY_LOG_LEVEL (Warning: denials are still logged, one console line each), DATA_ROOT (where the
#   gateway's fresh data directory is made, default the temporary folder; /dev/shm shows what fsync costs),
#   SKIP_BUILD=1 to use the existing Release build, TARGETS ("direct bare allow deny") to run a subset,
#   GATEWAY_ENV (extra VAR=value words for the gateway process only, e.g. a runtime knob to compare),
#   COMPARE_GATEWAY (path to another build's ToolGate.Gateway.dll: a second gateway, same settings and grant, on
#   PORT_BASE+5..+7, measured as target "allow-b" in the same interleaved rounds, so two builds compare under the
#   same machine drift; with it TARGETS defaults to "bare allow allow-b"), COMPARE_ENV (GATEWAY_ENV for that one).
# All traffic goes to 127.0.0.1; every wait and every wrk run is bounded in time; every process this
# script starts is stopped when it exits, however it exits.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT_FILE=${1:-}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
WARMUP=${WARMUP:-3}
PORT_BASE=${PORT_BASE:-19101}
GATEWAY_LOG_LEVEL=${GATEWAY_LOG_LEVEL:-Warning}
DATA_ROOT=${DATA_ROOT:-}
DATA_DIR=

UPSTREAM_PORT=$PORT_BASE
BARE_PORT=$((PORT_BASE + 1))
AGENTS_PORT=$((PORT_BASE + 2))
ADMIN_PORT=$((PORT_BASE + 3))
EGRESS_PORT=$((PORT_BASE + 4))
HOST=127.0.0.1
COMPARE_GATEWAY=${COMPARE_GATEWAY:-}
B_AGENTS_PORT=$((PORT_BASE + 5))
B_ADMIN_PORT=$((PORT_BASE + 6))
B_EGRESS_PORT=$((PORT_BASE + 7))
if [[ -n $COMPARE_GATEWAY ]]; then DEFAULT_TARGETS="bare allow allow-b"; else DEFAULT_TARGETS="direct bare allow deny"; fi
read -r -a TARGETS <<<"${TARGETS:-$DEFAULT_TARGETS}"

BENCH_DLL=$ROOT/tests/ToolGate.Benchmarks/bin/Release/net10.0/ToolGate.Benchmarks.dll
GATEWAY_DLL=$ROOT/src/ToolGate.Gateway/bin/Release/net10.0/ToolGate.Gateway.dll
ADMIN_KEY=tgadmin_load_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
AGENT_ID=load-agent
GRANTED_BODY='{"image":"registry.local/train:v1","command":"python train.py","gpus":1,"durationSeconds":60}'
# Denied by the grant (image not granted), not by a guardrail: the deny path measured is the ordinary one.
DENIED_BODY='{"image":"registry.local/other:v1","command":"python train.py","gpus":1,"durationSeconds":60}'

log() { printf '[load] %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/toolgate-load.XXXXXX")
PIDS=()

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    for pid in "${PIDS[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [[ $status -ne 0 && -d $WORK ]]; then
        for f in "$WORK"/*.log; do
            [[ -s $f ]] && { log "--- tail of $(basename "$f")"; tail -n 20 "$f" >&2; }
        done
    fi
    if [[ -n $DATA_DIR && $DATA_DIR != "$WORK"/* ]]; then rm -rf "$DATA_DIR" "$DATA_DIR-b"; fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- prerequisites -----------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
    log "wrk not found; installing it from Debian"
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk >&2 \
        || { "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 \
             && "${SUDO[@]}" apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk >&2; } \
        || die "could not install wrk"
fi
command -v curl >/dev/null 2>&1 || die "curl is required"
command -v dotnet >/dev/null 2>&1 || die "dotnet is required"

for port in "$UPSTREAM_PORT" "$BARE_PORT" "$AGENTS_PORT" "$ADMIN_PORT" ${COMPARE_GATEWAY:+"$B_AGENTS_PORT" "$B_ADMIN_PORT"}; do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then
        die "port $port on $HOST is already in use (set PORT_BASE to move the four ports)"
    fi
done

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
    log "building Release (benchmarks exe and gateway)"
    dotnet build -c Release -nologo -v q "$ROOT/tests/ToolGate.Benchmarks/ToolGate.Benchmarks.csproj" >&2
fi
[[ -f $BENCH_DLL && -f $GATEWAY_DLL ]] || die "Release build missing ($BENCH_DLL, $GATEWAY_DLL)"

# --- processes -----------------------------------------------------------------------------------------
# The deny target is a flood of denials by the same agent the allow target uses: quarantine counting is off, so
# the flood does not quarantine the agent and turn every later call into a quarantine denial.
# Every host runs with server GC, as the gateway does by default (Sdk.Web), so the baseline is like for like.
start() { # name, command...
    local name=$1
    shift
    (cd "$WORK" && exec env DOTNET_gcServer=1 "$@") >"$WORK/$name.log" 2>&1 &
    PIDS+=($!)
    eval "${name}_PID=$!"
}

wait_ready() { # name, pid, curl args...
    local name=$1 pid=$2
    shift 2
    for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || die "$name exited during start-up"
        if curl -fsS -o /dev/null --max-time 2 "$@" 2>/dev/null; then
            log "$name ready"
            return 0
        fi
        sleep 0.5
    done
    die "$name not ready after 60 s"
}

start upstream dotnet "$BENCH_DLL" echo-upstream --port "$UPSTREAM_PORT"
start bare dotnet "$BENCH_DLL" bare-proxy --port "$BARE_PORT" --upstream "http://$HOST:$UPSTREAM_PORT"
mkdir -p "$WORK/policies"
cp -r "$ROOT/policies/guardrails" "$WORK/policies/"   # the gateway refuses to start without its guardrail data
if [[ -n $DATA_ROOT ]]; then DATA_DIR=$(mktemp -d "$DATA_ROOT/toolgate-load-data.XXXXXX"); else DATA_DIR=$WORK/data; fi
start_gateway() { # name, dll, agents port, admin port, egress port, data dir, extra env words
    local name=$1 dll=$2 agents=$3 admin=$4 egress=$5 data=$6 extra=$7
    local -a extra_env
    read -r -a extra_env <<<"$extra"
    start "$name" env \
        ToolGate__Listen__Agents="http://$HOST:$agents" \
        ToolGate__Listen__Admin="http://$HOST:$admin" \
        ToolGate__Listen__Egress="http://$HOST:$egress" \
        ToolGate__DataDirectory="$data" \
        ToolGate__PoliciesDirectory="$WORK/policies" \
        ToolGate__Admin__ApiKey="$ADMIN_KEY" \
        ToolGate__Quarantine__DenialThreshold=0 \
        ToolGate__Quarantine__OnCriticalGuardrail=false \
        ReverseProxy__Clusters__compute__Destinations__local__Address="http://$HOST:$UPSTREAM_PORT" \
        Serilog__MinimumLevel__Default="$GATEWAY_LOG_LEVEL" \
        ${extra_env[@]+"${extra_env[@]}"} \
        dotnet "$dll"
}
start_gateway gateway "$GATEWAY_DLL" "$AGENTS_PORT" "$ADMIN_PORT" "$EGRESS_PORT" "$DATA_DIR" "${GATEWAY_ENV:-}"
if [[ -n $COMPARE_GATEWAY ]]; then
    [[ -f $COMPARE_GATEWAY ]] || die "COMPARE_GATEWAY $COMPARE_GATEWAY not found"
    mkdir -p "$DATA_DIR-b"
    start_gateway gatewayb "$COMPARE_GATEWAY" "$B_AGENTS_PORT" "$B_ADMIN_PORT" "$B_EGRESS_PORT" "$DATA_DIR-b" "${COMPARE_ENV:-}"
fi

wait_ready upstream "$upstream_PID" "http://$HOST:$UPSTREAM_PORT/healthz"
wait_ready bare "$bare_PID" "http://$HOST:$BARE_PORT/healthz"
wait_ready gateway "$gateway_PID" -H "Authorization: Bearer $ADMIN_KEY" "http://$HOST:$ADMIN_PORT/v1/agents"
[[ -z $COMPARE_GATEWAY ]] || wait_ready gatewayb "$gatewayb_PID" -H "Authorization: Bearer $ADMIN_KEY" "http://$HOST:$B_ADMIN_PORT/v1/agents"

admin() { # admin port, method, path, [json body]
    curl -fsS --max-time 10 -X "$2" -H "Authorization: Bearer $ADMIN_KEY" -H 'Content-Type: application/json' \
        ${4:+-d "$4"} "http://$HOST:$1$3"
}

create_agent() { # admin port -> the agent's key on stdout
    local created key
    created=$(admin "$1" POST /v1/agents "{\"id\":\"$AGENT_ID\",\"description\":\"scripts/load.sh\"}") || die "could not create the agent"
    key=$(printf '%s' "$created" | grep -o '"apiKey":"[^"]*"' | cut -d'"' -f4)
    [[ -n $key ]] || die "no apiKey in: $created"
    admin "$1" POST /v1/grants "{\"agentId\":\"$AGENT_ID\",\"capability\":\"compute\",\"maxGpus\":8,\"maxDurationSeconds\":3600,\"images\":[\"registry.local/train:*\"],\"commands\":[\"python train.py\"]}" \
        >/dev/null || die "could not create the compute grant"
    printf '%s' "$key"
}

AGENT_KEY=$(create_agent "$ADMIN_PORT")
B_AGENT_KEY=
[[ -z $COMPARE_GATEWAY ]] || B_AGENT_KEY=$(create_agent "$B_ADMIN_PORT")
log "agent $AGENT_ID created with a compute grant for registry.local/train:*"

# --- targets -----------------------------------------------------------------------------------------
declare -A URL=(
    [direct]="http://$HOST:$UPSTREAM_PORT/tools/compute/jobs"
    [bare]="http://$HOST:$BARE_PORT/tools/compute/jobs"
    [allow]="http://$HOST:$AGENTS_PORT/tools/compute/jobs"
    [deny]="http://$HOST:$AGENTS_PORT/tools/compute/jobs"
    [allow-b]="http://$HOST:$B_AGENTS_PORT/tools/compute/jobs"
)
declare -A BODY=([direct]=$GRANTED_BODY [bare]=$GRANTED_BODY [allow]=$GRANTED_BODY [deny]=$DENIED_BODY [allow-b]=$GRANTED_BODY)
declare -A AUTH=([direct]="" [bare]="" [allow]=$AGENT_KEY [deny]=$AGENT_KEY [allow-b]=$B_AGENT_KEY)
declare -A EXPECT=([direct]=201 [bare]=201 [allow]=201 [deny]=403 [allow-b]=201)
declare -A LABEL=(
    [direct]="direct to upstream"
    [bare]="bare YARP"
    [allow]="ToolGate allow (201)"
    [deny]="ToolGate deny (403)"
    [allow-b]="ToolGate allow, COMPARE_GATEWAY build (201)"
)

# One Lua script per target: the request, and a count of answers with another status than expected.
for t in "${TARGETS[@]}"; do
    cat >"$WORK/$t.lua" <<LUA
wrk.method = "POST"
wrk.body = '${BODY[$t]}'
wrk.headers["Content-Type"] = "application/json"
$( [[ -n ${AUTH[$t]} ]] && printf 'wrk.headers["Authorization"] = "Bearer %s"' "${AUTH[$t]}" )
local expected = ${EXPECT[$t]}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) unexpected = 0; other = 0 end
function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1; other = status end
end
function done(summary, latency, requests)
  local n, s = 0, 0
  for _, thread in ipairs(threads) do
    n = n + thread:get("unexpected")
    if thread:get("other") ~= 0 then s = thread:get("other") end
  end
  io.write(string.format("unexpected_status: %d %d\n", n, s))
end
LUA
    got=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 5 -X POST -H 'Content-Type: application/json' \
        ${AUTH[$t]:+-H "Authorization: Bearer ${AUTH[$t]}"} -d "${BODY[$t]}" "${URL[$t]}")
    [[ $got == "${EXPECT[$t]}" ]] || die "smoke check: $t answered $got, expected ${EXPECT[$t]}"
done
log "smoke checks passed (${TARGETS[*]})"

run_wrk() { # target, seconds, output file
    timeout $(( $2 + 30 )) wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2s" --timeout 5s --latency -s "$WORK/$1.lua" "${URL[$1]}" >"$3" 2>&1 \
        || die "wrk against $1 failed: $(tail -n 5 "$3")"
}

# wrk latency like 812.00us, 1.23ms, 1.01s, 2.00m -> milliseconds
to_ms() { awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
    if (f < 0) { print "NaN"; exit } printf "%.3f", n * f }'; }

parse_wrk() { # target, round, wrk output -> one TSV line
    local rps p50 p99 requests non2xx unexpected errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' "$3")
    p50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$3")")
    p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$3")")
    requests=$(awk '/requests in/ {print $1}' "$3")
    unexpected=$(awk '/^unexpected_status:/ {print $2}' "$3")
    errors=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4 + $6 + $8 + $10}' "$3")
    [[ -n $rps && -n $requests && -n $unexpected ]] || die "could not parse wrk output for $1: $(cat "$3")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$rps" "$p50" "$p99" "$requests" "$unexpected" "${errors:-0}"
}

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ $WARMUP -gt 0 ]]; then
    log "warm-up: ${WARMUP}s per target"
    for t in "${TARGETS[@]}"; do run_wrk "$t" "$WARMUP" "$WORK/warmup-$t.txt"; done
fi

# CPU time a process has used, in clock ticks (utime + stime): what each request cost the process,
# which stays meaningful when other work on the machine moves the throughput numbers.
CLK_TCK=$(getconf CLK_TCK)
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
declare -A PROXY_PID=([direct]="" [bare]=$bare_PID [allow]=$gateway_PID [deny]=$gateway_PID [allow-b]=${gatewayb_PID:-})

RESULTS=$WORK/results.tsv
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
    for t in "${TARGETS[@]}"; do
        log "round $round/$ROUNDS: $t (${DURATION}s, -t$THREADS -c$CONNECTIONS)"
        proxy=${PROXY_PID[$t]}
        proxy_before=$([[ -n $proxy ]] && ticks "$proxy" || echo 0)
        upstream_before=$(ticks "$upstream_PID")
        run_wrk "$t" "$DURATION" "$WORK/round$round-$t.txt"
        proxy_used=$(( $([[ -n $proxy ]] && ticks "$proxy" || echo 0) - proxy_before ))
        upstream_used=$(( $(ticks "$upstream_PID") - upstream_before ))
        line=$(parse_wrk "$t" "$round" "$WORK/round$round-$t.txt")
        line=$(printf '%s\t%s\t%s' "$line" "$proxy_used" "$upstream_used")
        printf '%s\n' "$line" >>"$RESULTS"
        log "  $(printf '%s' "$line" | awk -F'\t' -v hz="$CLK_TCK" '{printf "%.0f rps, p50 %s ms, p99 %s ms, %s wrong status, proxy CPU %.0f us/req", $3, $4, $5, $7, $9 * 1e6 / hz / $6}')"
    done
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The gateway must have audited every call it decided: one record per deny, two per allow (decision, outcome).
verification=$(curl -fsS --max-time 300 -H "Authorization: Bearer $ADMIN_KEY" "http://$HOST:$ADMIN_PORT/v1/audit/verify" || echo '{}')
audit_valid=$(printf '%s' "$verification" | grep -o '"valid":[a-z]*' | cut -d: -f2 || true)
audit_records=$(printf '%s' "$verification" | grep -o '"records":[0-9]*' | cut -d: -f2 || true)
log "audit verification: $verification"

# --- report --------------------------------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
report=$(
    printf '### wrk load test (%s)\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)"
    printf -- '- machine: %s cores, %s; load average before %s, after %s\n' "$(nproc)" "$cpu" "$LOAD_BEFORE" "$LOAD_AFTER"
    printf -- '- wrk %s: `-t%s -c%s -d%ss --latency`, %s interleaved rounds x %s targets, %ss warm-up per target; all on 127.0.0.1\n' \
        "$(wrk -v 2>&1 | awk 'NR == 1 {print $2}')" "$THREADS" "$CONNECTIONS" "$DURATION" "$ROUNDS" "${#TARGETS[@]}" "$WARMUP"
    printf -- '- rps: mean of the rounds (min-max in brackets); p50/p99: median of the rounds, in ms; CPU µs/req: CPU time (user + system) the process used during the runs / requests\n'
    printf -- '- gateway: Release, Serilog console at %s, data directory on %s\n' "$GATEWAY_LOG_LEVEL" "$(df -T "$DATA_DIR" | awk 'NR == 2 {print $2}')"
    printf -- '- audit after the run: chain valid = %s, %s records\n\n' "${audit_valid:-unknown}" "${audit_records:-unknown}"
    printf '| target | rps | p50 ms | p99 ms | proxy CPU µs/req | upstream CPU µs/req | requests | wrong status | socket errors |\n'
    printf '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n'
    for t in "${TARGETS[@]}"; do
        awk -F'\t' -v t="$t" -v label="${LABEL[$t]}" -v hz="$CLK_TCK" '
            $1 == t { n++; sum += $3; rps[n] = $3; p50[n] = $4; p99[n] = $5; req += $6; bad += $7; err += $8; pcpu += $9; ucpu += $10 }
            function median(a, n,   i, j, x) {
                for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
                return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
            END {
                lo = hi = rps[1]; for (i = 2; i <= n; i++) { if (rps[i] < lo) lo = rps[i]; if (rps[i] > hi) hi = rps[i] }
                proxy = (t == "direct") ? "-" : sprintf("%.0f", pcpu * 1e6 / hz / req)
                upstream = (t == "deny") ? "-" : sprintf("%.0f", ucpu * 1e6 / hz / req)
                printf "| %s | %.0f (%.0f-%.0f) | %.2f | %.2f | %s | %s | %d | %d | %d |\n",
                    label, sum / n, lo, hi, median(p50, n), median(p99, n), proxy, upstream, req, bad, err }' "$RESULTS"
    done
    printf '\n| ratio (mean rps) | value | target |\n|---|---:|---|\n'
    awk -F'\t' '
        { sum[$1] += $3; n[$1]++ }
        END {
            for (t in sum) m[t] = sum[t] / n[t]
            if (m["bare"] > 0 && m["allow"] > 0) {
                allow = m["allow"] / m["bare"]
                printf "| ToolGate allow / bare YARP | %.2f | >= 0.70: %s |\n", allow, (allow >= 0.70 ? "met" : "**missed**") }
            if (m["bare"] > 0 && m["deny"] > 0) printf "| ToolGate deny / bare YARP | %.2f | - |\n", m["deny"] / m["bare"]
            if (m["bare"] > 0 && m["allow-b"] > 0) printf "| COMPARE_GATEWAY allow / bare YARP | %.2f | - |\n", m["allow-b"] / m["bare"]
            if (m["allow"] > 0 && m["allow-b"] > 0) printf "| ToolGate allow / COMPARE_GATEWAY allow | %.2f | - |\n", m["allow"] / m["allow-b"]
            if (m["direct"] > 0 && m["bare"] > 0) printf "| bare YARP / direct | %.2f | - |\n", m["bare"] / m["direct"] }' "$RESULTS"
    printf '\n<details><summary>every run</summary>\n\n| target | round | rps | p50 ms | p99 ms | proxy CPU µs/req | requests | wrong status |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
    awk -F'\t' -v hz="$CLK_TCK" '{ printf "| %s | %s | %.0f | %.2f | %.2f | %s | %s | %s |\n", $1, $2, $3, $4, $5, ($1 == "direct" ? "-" : sprintf("%.0f", $9 * 1e6 / hz / $6)), $6, $7 }' "$RESULTS"
    printf '\n</details>\n'
)

printf '%s\n' "$report"
if [[ -n $OUT_FILE ]]; then
    printf '%s\n' "$report" >"$OUT_FILE"
    log "report written to $OUT_FILE"
fi
