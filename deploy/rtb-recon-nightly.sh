#!/bin/sh
# The nightly rtb-recon run, for systemd (rtb-recon.service) or cron.
#
# Reads   $RTB_RECON_HOME/inbox/<date>/   (the seven exports of that night)
# Writes  $RTB_RECON_HOME/runs/<date>/    (published whole, or not at all)
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
DATE=${RTB_RECON_AS_OF:-$(TZ=Europe/Amsterdam date +%F)}

# Whatever this script creates is for this user only.
umask 077

set -- run \
    --input "$HOME_DIR/inbox/$DATE" \
    --out "$HOME_DIR/runs/$DATE" \
    --as-of "$DATE" \
    --max-rejected "$MAX_REJECTED" \
    --log-format json
if [ "${RTB_RECON_FORCE:-0}" = 1 ]; then
    set -- "$@" --force
fi

rc=0
"$BIN" "$@" || rc=$?

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
