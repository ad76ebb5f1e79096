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
  locked: {
    zh: '{file} 正被另一次运行使用：{holder}，自 {since} 起',
    en: '{file} is in use by another run: {holder}, since {since}',
    fixZh:
      '等那次运行结束后再运行。若那台电脑上已没有 cadre-calc 在运行（例如已断电），删除锁文件 {lock} 后再运行。',
    fixEn:
      'Run again once that run has finished. If no cadre-calc runs on that computer any more (it was switched off), delete the lock file {lock} and run again.',
  },
  lock_broken: {
    zh: '{file} 上一次运行留下的锁已解除（{holder}，自 {since} 起；该进程已不存在）',
    en: 'A lock on {file} left by a run that is gone was broken ({holder}, since {since})',
    fixZh: '那次运行可能中途退出，请核对其输出是否完整。',
    fixEn: 'That run probably stopped midway: check that its outputs are complete.',
  },
  output_replaced: {
    zh: '已替换原有文件（--force）：{file}',
    en: 'Replaced the existing file (--force): {file}',
  },
  output_restored: {
    zh: '写入未完成，原有文件已恢复：{files}；未能恢复（原文件保存在箭头后的备份中）：{kept}',
    en: 'The write did not complete; the existing files were put back: {files}; not put back (the old file is kept in the backup after the arrow): {kept}',
    fixZh: '关闭在 Excel/WPS 中打开的输出文件，检查磁盘空间后重新运行。',
    fixEn: 'Close the output files open in Excel/WPS, check the free disk space and run again.',
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
