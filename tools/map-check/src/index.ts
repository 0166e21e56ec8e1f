export { formatReport } from './formatReport';
export { renderPreview } from './renderPreview';
