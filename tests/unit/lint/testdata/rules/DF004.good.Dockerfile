FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential libpq-dev \
 && rm -rf /var/lib/apt/lists/*
COPY src /src
RUN make -C /src

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd -u 10001 app
COPY --from=build /src/server /usr/local/bin/server
USER app
CMD ["server"]
