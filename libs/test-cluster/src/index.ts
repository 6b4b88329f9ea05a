export { startApiserver, REPO_ROOT, type ApiserverProcess } from './apiserver-process.js';
