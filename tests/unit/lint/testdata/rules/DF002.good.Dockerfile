FROM alpine:3.20
COPY app /app
USER 65534
ENTRYPOINT ["/app"]
