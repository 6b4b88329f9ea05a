export { startApiserver, REPO_ROOT, type ApiserverProcess } from './apiserver-process.js';
export { startComponent, componentKubeconfig, type ComponentProcess } from './component-process.js';
