// A worker thread that exits at once, standing in for one that crashes (bibliographyReader tests).
process.exit(3);
