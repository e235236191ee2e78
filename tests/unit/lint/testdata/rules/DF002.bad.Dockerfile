FROM alpine
COPY app /app
USER 65534
ENTRYPOINT ["/app"]
