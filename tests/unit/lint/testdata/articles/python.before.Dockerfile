# A Python web app as first written.
FROM python:3.12
WORKDIR /app
RUN apt-get update
RUN apt-get install -y gcc libpq-dev
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
ENV SECRET_KEY=dev-secret-change-me
EXPOSE 8000
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
