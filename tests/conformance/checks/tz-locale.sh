# shellcheck shell=bash
# shellcheck disable=SC2034 # minify_args is read by tests/conformance/run
# A batch job: minify runs it to its exit and compares its stdout.
minify_args=()
check() {
  local out
  out=$(job "$1") || cf_fail "the job failed" || return
  expect "job output" "$out" "Europe/Berlin: Dienstag 14 November 2023 23:13 CET
America/New_York: Dienstag 14 November 2023 17:13 EST
Asia/Kolkata: Mittwoch 15 November 2023 03:43 IST
Australia/Lord_Howe: Mittwoch 15 November 2023 09:13 +11
UTC: Dienstag 14 November 2023 22:13 UTC
fr: mardi 14 novembre 2023
number: 1.234.567
sorted: apfel Äpfel Birne Öl Zebra "
}
