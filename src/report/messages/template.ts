/**
 * One entry of the message table, keyed by finding code. A template names the finding's own
 * fields ({value}, {header}, {column}, {row}, {sheet}, {file}) and its params ({expected} …).
 * `fix` says how to put it right.
 */
export interface MessageTemplate {
  zh: string;
  en: string;
  fixZh?: string;
  fixEn?: string;
}
