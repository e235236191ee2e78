FROM fedora:40
RUN dnf install -y curl
USER 10001
