FROM debian:12-slim
RUN apt-get update && apt-get -y upgrade && rm -rf /var/lib/apt/lists/*
USER 10001
