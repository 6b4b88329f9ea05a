/** metav1.LabelSelector as objects carry it. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] | null }[] | null;
}

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Readonly<Record<string, string>> | null | undefined): string {
  const text = Object.keys(labels ?? {})
    .sort()
    .map((k) => `${k}=${labels![k]}`)
    .join(',');
  return text || '<none>';
}

/**
 * The selector as upstream's LabelSelectorAsSelector(...).String() renders it: requirements
 * sorted by key, `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; '' for a nil or empty
 * selector, undefined when it cannot be converted (an unknown operator).
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string | undefined {
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) requirements.push({ key, text: `${key}=${value}` });
  for (const { key, operator, values } of selector?.matchExpressions ?? []) {
    const list = [...(values ?? [])].sort().join(',');
    switch (operator) {
      case 'In':
        requirements.push({ key, text: `${key} in (${list})` });
        break;
      case 'NotIn':
        requirements.push({ key, text: `${key} notin (${list})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return undefined;
    }
  }
  return requirements
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it selects by nothing, `<error>` when it cannot be read. */
export function formatLabelSelector(selector: LabelSelector | null | undefined): string {
  const text = labelSelectorString(selector);
  if (text === undefined) return '<error>';
  return text || '<none>';
}

/** layoutContainerCells: container names and images, each comma-separated. */
export function containerCells(containers: readonly { readonly name: string; readonly image?: string | null }[] | null | undefined): [names: string, images: string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}
