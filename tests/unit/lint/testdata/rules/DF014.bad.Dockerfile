FROM debian:12-slim
RUN useradd -u 10001 app
RUN mkdir -p /data
RUN chown app /data
USER app
