import type { MessageTemplate } from './template.js';

/** Messages of the command layer: files, outputs, refusals. */
export const COMMON_MESSAGES: Record<string, MessageTemplate> = {
  file_missing: {
    zh: '找不到文件或文件夹：{file}',
    en: 'No such file or folder: {file}',
    fixZh: '检查路径是否写对。',
    fixEn: 'Check the path.',
  },
  output_exists: {
    zh: '输出文件已存在：{file}',
    en: 'The output file already exists: {file}',
    fixZh: '换一个输出文件夹（-o），或确认后加 --force 覆盖。',
    fixEn: 'Choose another output folder (-o), or add --force to overwrite it.',
  },
  output_is_input: {
    zh: '输出文件与输入文件相同：{file}',
    en: 'The output would overwrite an input file: {file}',
    fixZh: '换一个输出文件夹（-o）。',
    fixEn: 'Choose another output folder (-o).',
  },
  write_failed: {
    zh: '无法写入文件：{file}（{reason}）',
    en: 'Cannot write {file} ({reason})',
    fixZh: '检查文件夹权限和磁盘空间，并关闭在 Excel/WPS 中打开的该文件。',
    fixEn: 'Check the folder permissions and free disk space, and close the file if it is open in Excel/WPS.',
  },
  internal: {
    zh: '内部错误（程序缺陷）：{reason}',
    en: 'Internal error (a bug): {reason}',
    fixZh: '请把命令和输入文件报告给维护人员；设置 DEBUG=1 可看到详细堆栈。',
    fixEn: 'Please report the command and input files to the maintainers; set DEBUG=1 to see the stack.',
  },
};
