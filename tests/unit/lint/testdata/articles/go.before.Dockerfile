# A Go service as first written: the whole toolchain ships with the binary.
FROM golang:1.22
WORKDIR /go/src/app
COPY . .
RUN go mod download
RUN go build -o /go/bin/app .
EXPOSE 8080
CMD ["/go/bin/app"]
