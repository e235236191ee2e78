FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci && npm cache clean --force
COPY server.js ./
USER node
CMD ["node", "server.js"]
