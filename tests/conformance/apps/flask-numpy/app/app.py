from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/")
def index():
    return "flask ok\n"


@app.get("/stats")
def stats():
    import numpy  # lazily: only this route needs it

    values = numpy.arange(1, 11, dtype=float)
    m = numpy.array([[2.0, 1.0], [1.0, 3.0]])
    return jsonify(mean=float(values.mean()), std=round(float(values.std()), 6),
                   det=round(float(numpy.linalg.det(m)), 6))
