#!/bin/sh
set -e
busybox httpd -p 127.0.0.1:8081 -h /srv/www
exec haproxy -W -db -f /etc/haproxy/haproxy.cfg
