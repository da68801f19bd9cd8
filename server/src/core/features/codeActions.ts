/** Quick fixes for the note's diagnostics: a mis-padded arXiv ID is replaced by the one arXiv means. */
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { englishMessages, type Messages } from '../messages';
import { DIAGNOSTIC_SOURCE, type DiagnosticFix } from './diagnostics';

export function provideCodeActions(uri: string, diagnostics: readonly Diagnostic[], messages: Messages = englishMessages): CodeAction[] {
  return diagnostics.flatMap((diagnostic): CodeAction[] => {
    const fix = diagnostic.data as Partial<DiagnosticFix> | undefined;
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || typeof fix?.replacement !== 'string') return [];
    return [{
      title: messages.changeTo(fix.replacement),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: fix.replacement }] } },
    }];
  });
}
