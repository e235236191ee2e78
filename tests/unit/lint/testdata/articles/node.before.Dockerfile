# A Node app as first written: one stage, the full image, everything copied, dev tools shipped.
FROM node:20
WORKDIR /usr/src/app
COPY . .
RUN npm install
RUN npm run build
EXPOSE 3000
CMD ["node", "dist/server.js"]
