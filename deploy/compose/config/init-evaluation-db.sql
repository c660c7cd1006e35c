-- The evaluation subscriber keeps its figures in a database of its own.
CREATE DATABASE evaluation OWNER fallverbund;
