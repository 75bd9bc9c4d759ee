/**
 * "Your images…": choose or drop PNG/JPEG files (or one sprite sheet of 28×28 cells) anywhere on
 * the page; they are binarised, split and trained on exactly like MNIST. A bad file ends in a
 * notice and changes nothing.
 */
import { useEffect, useRef, useState } from 'react';
import { useController } from '../state/react';
import { imagesFromFiles } from '../dom/imageFiles';
import { imageCount } from '../data/binaryImages';

export function ImageDrop({ openRef }: { openRef?: (open: () => void) => void }) {
  const c = useController();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const use = async (files: File[]): Promise<void> => {
    if (files.length === 0) return;
    setBusy(true);
    try {
      const set = await imagesFromFiles(files);
      c.images.trainOnCustomImages(set);
      c.settings
        .getState()
        .addNotice(
          `Training on your ${imageCount(set)} images (${set.trainCount} train / ` +
            `${imageCount(set) - set.trainCount} test, binarised at 0.5).`,
        );
    } catch (e) {
      c.settings.getState().addNotice(`Your images were not used: ${(e as Error).message}. Nothing was changed.`);
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    openRef?.(() => input.current?.click());
    const over = (e: DragEvent): void => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent): void => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      void use(Array.from(e.dataTransfer.files));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  });
  return (
    <>
      <button
        type="button"
        data-testid="custom-images"
        onClick={() => input.current?.click()}
        disabled={busy}
        title="Train on your own PNG/JPEG images (or drop them on the page)"
      >
        {busy ? 'reading images…' : 'Your images…'}
      </button>
      <input
        ref={input}
        data-testid="custom-images-input"
        type="file"
        accept="image/png,image/jpeg"
        multiple
        hidden
        onChange={(e) => {
          void use(Array.from(e.target.files ?? []));
          e.target.value = '';
        }}
      />
    </>
  );
}
