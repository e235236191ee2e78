FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev && npm cache clean --force
USER node
CMD ["node", "server.js"]
