# syntax=docker/dockerfile:1
FROM node:20-slim
ARG NODE_VERSION_LABEL=20
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev && npm cache clean --force
USER node
