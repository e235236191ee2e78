FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY src /src
RUN make -C /src && useradd -u 10001 app
USER app
CMD ["/src/server"]
