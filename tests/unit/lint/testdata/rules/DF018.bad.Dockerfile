FROM debian:12-slim
ADD https://example.com/tool-1.0.tar.gz /tmp/
USER 10001
