#!/usr/bin/env bash
# make bench: load and fault test of the portal on 127.0.0.1 (never run in CI).
#
# Starts a throwaway PostgreSQL on a unix socket in a temp dir, migrates, loads the demo data,
# serves the portal with gunicorn (DEBUG off, as in production) and drives it with wrk: the
# directory, a search, a listing, and survey submissions (scripts/bench/survey_driver.py).
# The floor is a bare WSGI hello-world served by gunicorn the same way; the table shows both and
# the ratio. Then the database is stopped mid-run: the portal must answer 503, recover when the
# database returns, and every acknowledged survey answer must be in the database.
# wrk and gunicorn share the machine's cores: compare the ratios of one run, not absolute numbers.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
PY=${PY:-$ROOT/.venv/bin/python}
GUNICORN=$ROOT/.venv/bin/gunicorn
SECONDS_PER_RUN=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
WORKERS=${BENCH_WORKERS:-2}
PORTAL_PORT=${BENCH_PORT:-18081}
FLOOR_PORT=$((PORTAL_PORT + 1))
CEILING_PORT=$((PORTAL_PORT + 2))
ORGANISATIONS=${BENCH_ORGANISATIONS:-2000}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-5000}

command -v wrk >/dev/null || { echo "== installing wrk"; apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
WORK=$(mktemp -d /tmp/portal-bench.XXXXXX)
chown postgres "$WORK"
PIDS=()
pg() { su postgres -s /bin/sh -c "$PGBIN/pg_ctl -D $WORK/data -w -l $WORK/server.log $*" >/dev/null; }
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  pg "-m fast stop" 2>/dev/null || true
  grep -h -B2 -A30 "Traceback" "$WORK"/gunicorn-*.log > /tmp/portal-bench-errors.log 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== PostgreSQL in $WORK"
su postgres -s /bin/sh -c "$PGBIN/initdb -D $WORK/data -A trust -U postgres -E UTF8 --no-sync" >/dev/null
PGOPTS="-o \"-k $WORK -c listen_addresses='' -c max_connections=200\""
pg "$PGOPTS start"
su postgres -s /bin/sh -c "$PGBIN/createdb -h $WORK portal"

export DATABASE_URL="postgres://postgres@${WORK//\//%2F}/portal"
export DJANGO_DEBUG=0 DJANGO_SECRET_KEY="bench-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_SECURE_COOKIES=0 DJANGO_HSTS_SECONDS=0
export DJANGO_STATIC_ROOT="$WORK/static" DJANGO_LOG_LEVEL=ERROR
export PORTAL_SURVEY_ANSWERS_PER_VISITOR=1000000  # every answer comes from this one address
# Persistent database connections, as in production (README): a new PostgreSQL connection per
# request (a forked backend) would cost more than a cached page. The ceiling runs with the same.
export DJANGO_CONN_MAX_AGE=${DJANGO_CONN_MAX_AGE:-60}
# The load generator is one address: the sign-in throttle never sees it (no sign-ins here).

echo "== migrate, demo data, static files"
"$PY" manage.py migrate --no-input -v 0
SEED=$("$PY" manage.py seed_demo)
"$PY" manage.py collectstatic --no-input -v 0
echo "== $ORGANISATIONS published organisations"
"$PY" scripts/bench/make_orgs.py "$ORGANISATIONS" >/dev/null
SURVEY_PATH=$(printf '%s\n' "$SEED" | grep -o '/undersokelser/[^ ]*/' | head -n 1 || true)
LISTING_PATH=$("$PY" manage.py shell -v 0 -c "from organisations.models import Organisation; print(Organisation.objects.published().order_by('name').first().get_absolute_url())")
count_answers() {
  "$PY" manage.py shell -v 0 -c "from surveys.models import Response; print(Response.objects.count())" 2>/dev/null
}

serve() {  # port, wsgi app, extra args
  local port=$1 app=$2
  "$GUNICORN" --bind "127.0.0.1:$port" --workers "$WORKERS" --worker-class sync --log-level warning \
    --access-logfile /dev/null "${@:3}" "$app" >"$WORK/gunicorn-$port.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0
    sleep 0.2
  done
  echo "gunicorn on $port did not start:"; cat "$WORK/gunicorn-$port.log"; exit 1
}

echo "== serving the portal and the floor with gunicorn ($WORKERS workers each)"
serve "$PORTAL_PORT" portal.wsgi:application
# Not in a subshell: the PIDs must reach the clean-up.
serve "$FLOOR_PORT" hello:application --chdir "$ROOT/scripts/bench"
serve "$CEILING_PORT" ceiling:application --chdir "$ROOT/scripts/bench" --pythonpath "$ROOT,$ROOT/scripts/bench"

measure() {  # url → "rps p95"
  wrk -t 2 -c "$CONNECTIONS" -d "${SECONDS_PER_RUN}s" -s scripts/bench/p95.lua "$1" | grep '^RESULT' \
    | sed -E 's/RESULT rps=([0-9.]+) p95_ms=([0-9.]+) requests=([0-9]+) errors=([0-9]+)/\1 \2 \4/'
}

echo "== wrk, ${SECONDS_PER_RUN}s each, $CONNECTIONS connections; load before: $(uptime | sed 's/.*load average/load average/')"
# The machine is shared: the load moves during a run. So each page is measured right after its own
# floor and ceiling (same duration, same connections) and compared with those; the first rows
# are the references' median over the run.
references() {
  read -r FLOOR_RPS FLOOR_P95 _ <<<"$(measure "http://127.0.0.1:$FLOOR_PORT/")"
  read -r CEILING_RPS CEILING_P95 _ <<<"$(measure "http://127.0.0.1:$CEILING_PORT/")"
  FLOORS+=("$FLOOR_RPS"); CEILINGS+=("$CEILING_RPS")
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
FLOORS=(); CEILINGS=()
printf '\n%-48s %9s %9s %7s %12s %10s %10s\n' "what" "req/s" "p95 ms" "errors" "ceiling r/s" "÷ ceiling" "÷ floor"
row() {
  local label=$1 rps=$2 p95=$3 errors=$4
  printf '%-48s %9s %9s %7s %12s %10s %10s\n' "$label" "$rps" "$p95" "$errors" "$CEILING_RPS" \
    "$(awk -v a="$rps" -v b="$CEILING_RPS" 'BEGIN{printf "%.3f", a/b}')" \
    "$(awk -v a="$rps" -v b="$FLOOR_RPS" 'BEGIN{printf "%.3f", a/b}')"
}
ROWS=()
for target in "start page|/" "directory|/organisasjoner/" "search|/organisasjoner/?q=forening" "listing|$LISTING_PATH" \
              "calendar|/kalender/" "calendar feed|/kalender.ics" "calendar data|/kalender.json" \
              "open data|/organisasjoner.json" "embedded directory|/innebygd/organisasjoner/"; do
  label=${target%%|*}; path=${target#*|}
  references
  read -r rps p95 errors <<<"$(measure "http://127.0.0.1:$PORTAL_PORT$path")"
  ROWS+=("$(row "$label ($path)" "$rps" "$p95" "$errors")")
done
FLOOR_RPS=$(median "${FLOORS[@]}"); CEILING_RPS=$(median "${CEILINGS[@]}")
row "floor (bare WSGI hello-world), median" "$FLOOR_RPS" "–" 0
row "ceiling (Django hello, same middleware), median" "$CEILING_RPS" "–" 0
printf '%s\n' "${ROWS[@]}"
echo "   (load after the pages: $(uptime | sed 's/.*load average/load average/'))"
if [ -n "$SURVEY_PATH" ]; then
  read -r rps p95 errors <<<"$("$PY" scripts/bench/survey_driver.py load "http://127.0.0.1:$PORTAL_PORT$SURVEY_PATH" "$SECONDS_PER_RUN" 4 \
    | sed -E 's/RESULT rps=([0-9.]+) p95_ms=([0-9.]+) requests=([0-9]+) errors=([0-9]+)/\1 \2 \4/')"
  row "survey submission (GET+POST)" "$rps" "$p95" "$errors"
fi

echo
echo "== import: $IMPORT_ROWS organisations from one XLSX (manage.py import_data, peak memory by /usr/bin/time)"
mkdir -p "$WORK/import"
"$PY" - "$IMPORT_ROWS" "$WORK/import/organisations.xlsx" <<'PYEOF'
import sys, openpyxl
n, out = int(sys.argv[1]), sys.argv[2]
wb = openpyxl.Workbook(write_only=True); ws = wb.create_sheet("organisations")
ws.append(["name", "org_number", "kind", "municipality", "email", "phone", "website", "description", "published_on"])
for i in range(n):
    ws.append([f"Importforening {i:06d}", "", "immigrant_organisation", "Sandnes", f"post{i}@example.org", "", "", "Kultur og språk.", ""])
wb.save(out)
PYEOF
START=$(date +%s.%N)
/usr/bin/time -f "PEAK_KB=%M" -o "$WORK/import.time" "$PY" manage.py import_data "$WORK/import" >/dev/null
END=$(date +%s.%N)
PEAK_KB=$(sed -n 's/PEAK_KB=//p' "$WORK/import.time")
awk -v n="$IMPORT_ROWS" -v s="$START" -v e="$END" -v kb="$PEAK_KB" \
  'BEGIN{printf "   %d rows in %.1f s: %.0f rows/s, peak %.0f MB\n", n, e-s, n/(e-s), kb/1024}'

echo
echo "== fault: the database stops in the middle of survey submissions"
if [ -z "$SURVEY_PATH" ]; then echo "no open survey in the demo data: fault test skipped"; exit 1; fi
BEFORE=$(count_answers)
"$PY" scripts/bench/survey_driver.py fault "http://127.0.0.1:$PORTAL_PORT$SURVEY_PATH" 16 >"$WORK/fault.out" &
DRIVER=$!
sleep 4
pg "-m fast stop"
echo "   database stopped"
sleep 2
# A search nobody made before (not in the page cache): the portal needs the database for it.
DOWN_STATUS=$(curl -s -o "$WORK/down.html" -w '%{http_code}' "http://127.0.0.1:$PORTAL_PORT/organisasjoner/?q=nede")
echo "   /organisasjoner/?q=nede while it is down: HTTP $DOWN_STATUS ($(grep -o 'Portalen er midlertidig utilgjengelig' "$WORK/down.html" || echo 'no friendly page'))"
echo "   /organisasjoner/ (a page the workers hold, checked since the last change) while it is down: HTTP $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORTAL_PORT/organisasjoner/")"
sleep 3
pg "$PGOPTS start"
echo "   database started again"
wait "$DRIVER"
AFTER=$(count_answers)
UP_STATUS=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORTAL_PORT/organisasjoner/")
FAULT=$(grep '^FAULT' "$WORK/fault.out" | sed 's/^FAULT //')
ACKED=$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['acknowledged'])" "$FAULT")
RECOVERED=$("$PY" -c "import json,sys; print(json.loads(sys.argv[1])['succeeded_after_the_last_503'])" "$FAULT")
echo "   submissions: $FAULT"
echo "   answers stored during the fault run: $((AFTER - BEFORE)); acknowledged: $ACKED"
echo "   /organisasjoner/ after the restart: HTTP $UP_STATUS"
ok=1
[ "$DOWN_STATUS" = 503 ] || { echo "FAIL: expected 503 while the database is down"; ok=0; }
[ "$UP_STATUS" = 200 ] || { echo "FAIL: expected 200 after the restart"; ok=0; }
[ "$RECOVERED" -gt 0 ] || { echo "FAIL: no submission succeeded after the database came back"; ok=0; }
[ $((AFTER - BEFORE)) -ge "$ACKED" ] || { echo "FAIL: acknowledged answers were lost"; ok=0; }
[ "$ok" = 1 ] && echo "== fault test passed: 503 while down, recovered, no acknowledged answer lost"
[ "$ok" = 1 ]
