package quantlab.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An embedded, in-memory vector index: Apache Lucene's HNSW graph over {@link KnnFloatVectorField}s with dot-product
 * similarity on unit vectors (the cosine). Documents are keyed by id, so re-indexing a changed document replaces it.
 * No server: the index lives in this JVM and is gone when it is closed.
 */
public final class VectorIndex implements AutoCloseable {

    /** One search result: the document's id and text and its similarity score (Lucene's, (1 + cos) / 2). */
    public record Hit(String id, String text, float score) {
    }

    /** The smallest beam the HNSW graph is searched with. */
    public static final int CANDIDATES = 32;

    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private DirectoryReader reader;
    private int dimension = -1;

    static {
        // Lucene announces its SIMD provider on first use; a notebook cell should not print that.
        java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization").setLevel(java.util.logging.Level.WARNING);
    }

    public VectorIndex() {
        try {
            writer = new IndexWriter(directory, new IndexWriterConfig());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open an in-memory Lucene index", e);
        }
    }

    /** Adds or replaces the document {@code id}; visible to searches after {@link #commit()}. */
    public void put(String id, String text, float[] vector) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank, got '" + id + "'");
        }
        if (vector == null || vector.length == 0) {
            throw new IllegalArgumentException("vector must have at least one component, got "
                    + (vector == null ? "null" : "length 0"));
        }
        if (dimension >= 0 && vector.length != dimension) {
            throw new IllegalArgumentException("vector must have " + dimension + " components like the others, got "
                    + vector.length);
        }
        dimension = vector.length;
        Document doc = new Document();
        doc.add(new StringField("id", id, Field.Store.YES));
        doc.add(new StoredField("text", text));
        doc.add(new KnnFloatVectorField("vector", unit(vector), VectorSimilarityFunction.DOT_PRODUCT));
        try {
            writer.updateDocument(new Term("id", id), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index document " + id, e);
        }
    }

    /** Makes every {@link #put} so far visible to {@link #search}. */
    public void commit() {
        try {
            writer.commit();
            DirectoryReader fresh = reader == null ? DirectoryReader.open(writer) : DirectoryReader.openIfChanged(reader, writer);
            if (fresh != null) {
                if (reader != null) {
                    reader.close();
                }
                reader = fresh;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the index", e);
        }
    }

    /** The {@code k} nearest documents to {@code query}, best first. */
    public List<Hit> search(float[] query, int k) {
        if (reader == null) {
            throw new IllegalStateException("the index is empty: put documents and commit() before searching");
        }
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        if (query.length != dimension) {
            throw new IllegalArgumentException("query must have " + dimension + " components, got " + query.length);
        }
        try {
            IndexSearcher searcher = new IndexSearcher(reader);
            // Lucene's k is also the graph search's beam width; a beam of 1 or 3 misses true neighbours often
            // (measured in RetrievalTest), so the graph is searched with a beam of at least CANDIDATES.
            int beam = Math.max(k, CANDIDATES);
            TopDocs top = searcher.search(new KnnFloatVectorQuery("vector", unit(query), beam), k);
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                Document d = stored.document(sd.doc);
                hits.add(new Hit(d.get("id"), d.get("text"), sd.score));
            }
            return hits;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the index", e);
        }
    }

    /** Documents in the index. */
    public int size() {
        return reader == null ? 0 : reader.numDocs();
    }

    private static float[] unit(float[] v) {
        double n = 0;
        for (float x : v) {
            n += (double) x * x;
        }
        if (n == 0 || !Double.isFinite(n)) {
            throw new IllegalArgumentException("vector must be finite and nonzero, got squared norm " + n);
        }
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = (float) (v[i] / Math.sqrt(n));
        }
        return u;
    }

    @Override
    public void close() {
        try {
            if (reader != null) {
                reader.close();
            }
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the index", e);
        }
    }
}
