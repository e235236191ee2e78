FROM fedora:40
RUN dnf install -y curl && dnf clean all
USER 10001
