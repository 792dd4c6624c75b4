#!/usr/bin/env node
// golive as one bundle (bin/main.ts and what it imports), built by `npm run build`: it starts faster
// than the hundreds of files it was made from.
import '../dist/bundle/golive.js';
