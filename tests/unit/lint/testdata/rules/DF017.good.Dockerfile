FROM python:3.12-slim
COPY app.py /app/
ADD vendor.tar.gz /opt/
USER 10001
