#!/bin/sh
# The nightly rtb-recon run, for systemd (rtb-recon.service) or cron.
#
# Reads   $RTB_RECON_HOME/inbox/<date>/   (the seven exports of that night)
# Writes  $RTB_RECON_HOME/runs/<date>/    (published whole, or not at all)
# Compares the delivery with the newest earlier run under runs/ (--previous):
# changes.csv says what changed, and a delivery that shrank too much or lost
# all its rows is not published (exit 5). After a person has checked such a
# delivery, RTB_RECON_ACCEPT_DRIFT=1 (with RTB_RECON_FORCE=1 if needed) runs
# the night again and publishes it.
# The analysts' verdicts (README, "Verdicts"): when afhandeling.xlsx (or
# .csv) is in $RTB_RECON_VERDICTS_DIR (default $RTB_RECON_HOME/verdicts), the
# run reads it with --verdicts; once the run is published, the file moves to
# verwerkt/<date>-afhandeling.xlsx there, as the run's verdicts.csv now
# carries what it said. A run that publishes nothing leaves it for the next.
# Then keeps the newest $RTB_RECON_KEEP_RUNS runs and $RTB_RECON_KEEP_INBOX
# inbox deliveries (both hold personal data), and exits with the run's exit
# status so the scheduler can alert: 0 = fine; anything else = look (see
# deploy/README.md for each code).
#
# <date> is today in Europe/Amsterdam unless RTB_RECON_AS_OF is set (a re-run
# of an earlier night: pass RTB_RECON_AS_OF=YYYY-MM-DD and, to replace that
# night's published run, RTB_RECON_FORCE=1).
set -u

BIN=${RTB_RECON_BIN:-/usr/local/bin/rtb-recon}
HOME_DIR=${RTB_RECON_HOME:-/var/lib/rtb-recon}
KEEP_RUNS=${RTB_RECON_KEEP_RUNS:-30}
KEEP_INBOX=${RTB_RECON_KEEP_INBOX:-7}
MAX_REJECTED=${RTB_RECON_MAX_REJECTED:-1%}
MAX_SHRINK=${RTB_RECON_MAX_SHRINK:-10%}
DATE=${RTB_RECON_AS_OF:-$(TZ=Europe/Amsterdam date +%F)}
VERDICTS_DIR=${RTB_RECON_VERDICTS_DIR:-$HOME_DIR/verdicts}

# Whatever this script creates is for this user only.
umask 077

# The newest published run of an earlier night: a directory under runs/
# named exactly YYYY-MM-DD, before tonight (a re-run of tonight compares
# with the night before, not with itself), holding a summary.json (a run
# that failed published nothing). Empty on the first night.
previous_run() {
    case $DATE in
    [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) ;;
    *) return 0 ;; # not a date: the run itself refuses it (exit 2)
    esac
    tonight=$(printf '%s' "$DATE" | tr -d -)
    newest=""
    newest_day=0
    for dir in "$HOME_DIR/runs"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]; do
        [ -d "$dir" ] && [ ! -L "$dir" ] && [ -f "$dir/summary.json" ] || continue
        day=$(printf '%s' "${dir##*/}" | tr -d -)
        if [ "$day" -lt "$tonight" ] && [ "$day" -gt "$newest_day" ]; then
            newest=$dir
            newest_day=$day
        fi
    done
    printf '%s' "$newest"
}
PREVIOUS=$(previous_run)

set -- run \
    --input "$HOME_DIR/inbox/$DATE" \
    --out "$HOME_DIR/runs/$DATE" \
    --as-of "$DATE" \
    --max-rejected "$MAX_REJECTED" \
    --max-shrink "$MAX_SHRINK" \
    --log-format json
if [ -n "$PREVIOUS" ]; then
    set -- "$@" --previous "$PREVIOUS"
fi
if [ "${RTB_RECON_EXPECT_CHANGE:-0}" = 1 ]; then
    set -- "$@" --expect-change
fi
if [ "${RTB_RECON_ACCEPT_DRIFT:-0}" = 1 ]; then
    set -- "$@" --accept-drift
fi
if [ "${RTB_RECON_FORCE:-0}" = 1 ]; then
    set -- "$@" --force
fi
VERDICTS=""
for candidate in "$VERDICTS_DIR/afhandeling.xlsx" "$VERDICTS_DIR/afhandeling.csv"; do
    if [ -f "$candidate" ]; then
        VERDICTS=$candidate
        set -- "$@" --verdicts "$candidate"
        break
    fi
done

rc=0
"$BIN" "$@" || rc=$?

# Published (0, or 3 = published with too many quarantined rows): the
# verdicts file has been taken on, and is kept beside the others read.
if [ -n "$VERDICTS" ] && { [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ]; }; then
    mkdir -p "$VERDICTS_DIR/verwerkt"
    mv "$VERDICTS" "$VERDICTS_DIR/verwerkt/$DATE-${VERDICTS##*/}" || {
        echo "rtb-recon-nightly: could not move $VERDICTS to $VERDICTS_DIR/verwerkt/; move it by hand, or the next night reads it again" >&2
        [ "$rc" -eq 0 ] && rc=1
    }
fi

# Retention runs whatever the outcome: it never removes the newest runs, and
# it clears staging directories a killed run left behind.
# A failing retention is reported too (exit 1), unless the run itself failed.
prune() {
    [ -d "$1" ] || return 0
    "$BIN" --log-format json prune --root "$1" --keep "$2" || {
        prune_rc=$?
        [ "$rc" -eq 0 ] && rc=$prune_rc
    }
}
prune "$HOME_DIR/runs" "$KEEP_RUNS"
prune "$HOME_DIR/inbox" "$KEEP_INBOX"

exit "$rc"
