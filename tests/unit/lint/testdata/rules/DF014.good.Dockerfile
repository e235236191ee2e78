FROM debian:12-slim
RUN useradd -u 10001 app \
 && mkdir -p /data \
 && chown app /data
USER app
