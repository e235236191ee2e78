const express = require("express");

const app = express();

app.get("/", (req, res) => res.type("text/plain").send("express ok\n"));

app.get("/render", (req, res) => {
  const { marked } = require("marked"); // loaded only by this route
  res.type("text/html").send(marked.parse("# Title\n\nSome *markdown* with `code`.\n"));
});

app.listen(3000, "0.0.0.0");
