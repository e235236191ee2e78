FROM debian:12.7-slim
USER 10001
