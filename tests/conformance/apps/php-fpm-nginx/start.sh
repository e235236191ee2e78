#!/bin/sh
set -e
php-fpm8.2
exec nginx -g 'daemon off;'
