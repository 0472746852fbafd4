package io.lunglens.spark;

import io.lunglens.scan.ScanCsv;
import io.lunglens.scan.ScanRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The scan's columns as a Spark table: the names and values are ScanCsv's, only the Spark types are added here. */
final class Columns {

    private Columns() {
    }

    static StructType schema(ScanCsv csv) {
        List<StructField> fields = new ArrayList<>();
        for (String c : csv.columns()) {
            fields.add(DataTypes.createStructField(c, type(c), true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The row as ScanCsv gives its values, with the path column written as the archive names the file. */
    static Row row(ScanCsv csv, ScanRow r, String path) {
        List<Object> values = csv.values(r);
        values.set(0, path);
        return RowFactory.create(values.toArray());
    }

    /** The cells of a Spark row as ScanCsv reads them back ("" for null). */
    static List<String> cells(Row r) {
        List<String> cells = new ArrayList<>(r.length());
        for (int i = 0; i < r.length(); i++) {
            cells.add(r.isNullAt(i) ? "" : String.valueOf(r.get(i)));
        }
        return cells;
    }

    private static DataType type(String column) {
        return switch (column) {
            case "p_positive_calibrated", "p_positive_raw", "ms" -> DataTypes.DoubleType;
            case "width", "height" -> DataTypes.IntegerType;
            case "frontal_cxr", "in_training_domain" -> DataTypes.BooleanType;
            default -> DataTypes.StringType;
        };
    }
}
