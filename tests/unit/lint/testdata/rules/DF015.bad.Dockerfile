FROM debian:12-slim
WORKDIR /opt
RUN curl -fsSL -o tool.tar.gz https://example.com/tool-1.0.tar.gz && tar xzf tool.tar.gz
COPY seed.sql /tmp/seed.sql
USER 10001
RUN rm tool.tar.gz /tmp/seed.sql
