FROM debian:12-slim
RUN curl -fsSL -o /tmp/tool.tar.gz https://example.com/tool-1.0.tar.gz \
 && echo "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /tmp/tool.tar.gz" | sha256sum -c - \
 && tar xzf /tmp/tool.tar.gz -C /opt \
 && rm /tmp/tool.tar.gz
USER 10001
