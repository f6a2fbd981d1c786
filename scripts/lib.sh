# Helpers sourced by scripts/run and scripts/test (not a command itself).
# Servers are started in their own session (setsid) so that stopping one by its recorded PID also stops its
# children (kill of the process group), and never by name.

# free_port: a loopback port that was free a moment ago.
free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# port_in_use PORT: true when something accepts connections on 127.0.0.1:PORT.
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# start_server NAME LOG CMD...: starts CMD in a new session with output to LOG, appends its PID to
# KHCB_PIDS (an array the caller declares) and sets STARTED_PID.
start_server() {
  local name="$1" log="$2"
  shift 2
  setsid "$@" >"$log" 2>&1 </dev/null &
  STARTED_PID=$!
  KHCB_PIDS+=("$STARTED_PID")
  KHCB_NAMES+=("$name")
}

# wait_until NAME PID LOG SECONDS CHECK...: runs CHECK until it succeeds, within SECONDS; fails with the
# process name and its log when the process dies or time runs out.
wait_until() {
  local name="$1" pid="$2" log="$3" seconds="$4"
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name (pid $pid) exited before it was ready; its log is $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "error: $name (pid $pid) was not ready within ${seconds}s; its log is $log:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 0.2
  done
}

# http_ok URL: true when URL answers 2xx.
http_ok() {
  curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
}

# stop_servers: stops every server in KHCB_PIDS (its whole process group), newest first, by PID.
stop_servers() {
  local i pid
  for ((i = ${#KHCB_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${KHCB_PIDS[$i]}"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  for ((i = ${#KHCB_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${KHCB_PIDS[$i]}"
    local waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 50)); do
      sleep 0.1
      waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
  done
  KHCB_PIDS=()
  KHCB_NAMES=()
}

# azurite_connection_string TABLE_PORT: Azurite's published development account (not a secret).
azurite_connection_string() {
  printf 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=%s;TableEndpoint=http://127.0.0.1:%s/devstoreaccount1;' \
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==' "$1"
}
