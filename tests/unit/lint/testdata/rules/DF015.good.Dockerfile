FROM debian:12-slim
WORKDIR /opt
RUN curl -fsSL -o tool.tar.gz https://example.com/tool-1.0.tar.gz \
 && tar xzf tool.tar.gz \
 && rm tool.tar.gz
USER 10001
