#!/usr/bin/env bash
# The desktop application's files, as a desktop and Debian's tools read them:
#   desktop_files_test.sh SOURCE_DIR BUILD_DIR PROJECT_VERSION
# the desktop entry and metainfo pass their validators, the metainfo's newest release is the
# project's version, the manual pages carry every distlab-cli command, and bash completion
# completes commands, options and formats from the program's --help.
set -uo pipefail
src=$1 build=$2 version=$3
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

out=$(desktop-file-validate "$src/resources/org.distlab.DistLab.desktop" 2>&1) || fail "desktop-file-validate: $out"
[ -z "$out" ] || fail "desktop-file-validate has remarks: $out"
out=$(appstreamcli validate --no-net --pedantic "$src/resources/org.distlab.DistLab.metainfo.xml" 2>&1) ||
  fail "appstreamcli validate: $out"
xmllint --noout "$src/resources/distlab-mime.xml" || fail "distlab-mime.xml is not well-formed XML"
newest=$(grep -o '<release version="[^"]*"' "$src/resources/org.distlab.DistLab.metainfo.xml" | head -1 | cut -d'"' -f2)
[ "$newest" = "$version" ] || fail "the metainfo's newest release is '$newest', the project is $version"

# Manual pages: every command distlab-cli lists has its section in the page.
cli="$build/bin/distlab-cli"
commands=$("$cli" --help | awk '/^commands:/ { on = 1; next } /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || fail "distlab-cli --help lists no commands"
for program in distlab distlab-cli distlab-node; do
  [ -s "$build/resources/man/$program.1.gz" ] || fail "no manual page for $program"
done
page=$(zcat "$build/resources/man/distlab-cli.1.gz")
for c in $commands; do
  grep -q "^\.SS $c\$" <<<"$page" || fail "distlab-cli(1) has no section for '$c'"
done
grep -q -- '--metrics-port' <<<"$page" || fail "distlab-cli(1) lacks the run command's options"

# bash completion, driven as bash does: COMP_WORDS / COMP_CWORD in, COMPREPLY out.
completion=$(bash -c '
  source /usr/share/bash-completion/bash_completion
  source "$1/resources/completion/distlab-cli"
  compopt() { :; }   # only meaningful inside a real completion
  PATH="$2/bin:$PATH"
  complete_words() {
    COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    COMPREPLY=(); _distlab_cli; echo "${COMPREPLY[*]}"
  }
  complete_words distlab-cli ""
  complete_words distlab-cli co
  complete_words distlab-cli run --ti
  complete_words distlab-cli report x.distlab --format html,p
  complete_words distlab-cli check h.edn --lang z
' _ "$src" "$build")
expected=$(printf '%s\n' "$(echo $commands) --help --version" "compare" "--time-scale" "html,pdf" "zh_CN")
[ "$completion" = "$expected" ] || fail "bash completion gave:
$completion
expected:
$expected"

if ((failures)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "desktop files, manual pages and completion: all good"
