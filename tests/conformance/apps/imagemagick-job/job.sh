#!/bin/sh
set -e
out=$(mktemp -d)
convert -size 240x60 xc:white -font DejaVu-Sans -pointsize 24 -fill black \
  -draw "text 10,40 'minify'" "$out/label.png"
convert "$out/label.png" -quality 90 "$out/label.jpg"
convert "$out/label.png" "$out/label.webp"
for f in label.png label.jpg label.webp; do
  identify -format "$f %m %wx%h\n" "$out/$f"
done
echo "font: $(fc-match -f '%{family}' DejaVu-Sans)"
echo "ink pixels: $(convert "$out/label.png" -threshold 50% -format '%[fx:int(w*h*(1-mean)+0.5)]' info:)"
rm -rf "$out"
