/** The baseline serves /_next/image and the originals in public/o/; pages come with the feed benchmark. */
export default function Page() {
  return <p>Next optimizer baseline</p>;
}
