#!/bin/bash
set -e
t=1700000000
for zone in Europe/Berlin America/New_York Asia/Kolkata Australia/Lord_Howe UTC; do
  echo "$zone: $(TZ=$zone date -d @$t '+%A %d %B %Y %H:%M %Z')"
done
echo "fr: $(LC_ALL=fr_FR.UTF-8 TZ=Europe/Paris date -d @$t '+%A %d %B %Y')"
echo "number: $(printf "%'d" 1234567)"
echo "sorted: $(printf 'Zebra\nÖl\napfel\nÄpfel\nBirne\n' | sort | tr '\n' ' ')"
